import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { CoreServices } from '../composition.js';
import { ROLES, type Role } from './staff.types.js';

/** Runs `fn` with the staff service (opened from the server's configuration) and closes it after. */
export type WithStaffService = <T>(fn: (s: CoreServices['staff']) => Promise<T>) => Promise<T>;

/** `liaise staff create`, `team create` and `api-token create|list|revoke`: each prints one JSON line per result. */
export function registerStaffCommands(program: Command, opts: { withStaffService: WithStaffService }): void {
  const { withStaffService } = opts;
  const staff = program.command('staff').description('Staff accounts');
  staff
    .command('create')
    .description('Create a staff account and print its one-time password')
    .requiredOption('--email <email>')
    .addOption(new Option('--role <role>').choices(ROLES as unknown as string[]).makeOptionMandatory())
    .option('--team <team>', 'team name or id (required for caseworkers and managers)')
    .option('--name <name>', 'display name')
    .action(async (o: { email: string; role: Role; team?: string; name?: string }) => {
      const created = await withStaffService((s) =>
        s.createStaff(null, { email: o.email, role: o.role, team: o.team ?? null, displayName: o.name }),
      );
      process.stdout.write(
        `${JSON.stringify({ id: created.staff.id, email: created.staff.email, role: created.staff.role, oneTimePassword: created.oneTimePassword })}\n`,
      );
    });

  const team = program.command('team').description('Teams');
  team
    .command('create')
    .requiredOption('--name <name>')
    .action(async (o: { name: string }) => {
      const t = await withStaffService((s) => s.createTeam(null, { name: o.name }));
      process.stdout.write(`${JSON.stringify(t)}\n`);
    });

  const apiToken = program.command('api-token').description('API tokens for case-management integrations');
  apiToken
    .command('create')
    .description('Create an API token acting as a staff account; the token is printed once')
    .requiredOption('--email <email>', 'the staff account the token acts as')
    .requiredOption('--name <name>', 'the system that will use it')
    .action(async (o: { email: string; name: string }) => {
      const created = await withStaffService(async (s) => {
        const member = await s.findStaffByEmail(o.email);
        if (!member) throw new Error(`No staff account ${o.email}`);
        return s.createApiToken(null, member.id, o.name);
      });
      process.stdout.write(`${JSON.stringify(created)}\n`);
    });

  apiToken
    .command('list')
    .description('List API tokens (never the token itself): one JSON line each, newest first')
    .option('--email <email>', 'only this staff account’s tokens')
    .action(async (o: { email?: string }) => {
      const tokens = await withStaffService(async (s) => {
        const member = o.email ? await s.findStaffByEmail(o.email) : null;
        if (o.email && !member) throw new Error(`No staff account ${o.email}`);
        return s.listApiTokens(null, member?.id ?? null);
      });
      for (const t of tokens) process.stdout.write(`${JSON.stringify(t)}\n`);
    });
  apiToken
    .command('revoke')
    .description('Revoke an API token by its id (from `api-token list`); it stops working at once')
    .argument('<id>', 'the token id')
    .action(async (id: string) => {
      if (!z.guid().safeParse(id).success) throw new Error(`"${id}" is not a token id: take it from \`liaise api-token list\``);
      await withStaffService((s) => s.revokeApiToken(null, id));
      process.stdout.write(`${JSON.stringify({ revoked: id })}\n`);
    });
}
