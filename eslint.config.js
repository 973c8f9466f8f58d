// ESLint: type-aware rules from typescript-eslint, plus an import-cycle check.
// Formatting is Prettier's job (npm run format:check); no stylistic rules here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'coverage/', 'node_modules/', 'src/web/public/app.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // Every import cycle is an error: shared types live in modules that import no routes.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Fastify hooks and handlers, and our repository/service interfaces, are async by
      // contract; a body that happens not to await is not a defect.
      '@typescript-eslint/require-await': 'off',
      // The code is closure-based (no classes, no \`this\`), so a detached method cannot lose
      // its receiver; the rule only reports false positives here.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests read JSON responses and stringify URLs freely; the production rules stay strict.
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'faults/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Plain JavaScript build scripts and bin/ entry points: no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
