import { describe, expect, it } from 'vitest';
import { checkTemplateBody, checkTemplateParameters, renderTemplateText, templateParameters } from './template-text.js';

const body = 'Hello {{1}}, this is {{2}} from {{3}}. Please reply so we can arrange a call.';

describe('template text', () => {
  it('finds the parameters and renders exactly', () => {
    expect(templateParameters(body)).toEqual([1, 2, 3]);
    expect(renderTemplateText(body, ['Sam', 'Alex', 'Housing'])).toBe(
      'Hello Sam, this is Alex from Housing. Please reply so we can arrange a call.',
    );
  });

  it.each<[string, string[]]>([
    ['', ['empty']],
    ['Hi {{1}} and {{3}} here', ['parameters_not_sequential']],
    ['{{1}} is here to help', ['starts_or_ends_with_parameter']],
    ['Reply to {{1}}.', ['starts_or_ends_with_parameter']],
    ['x'.repeat(1025), ['too_long']],
    [body, []],
  ])('body %#', (b, problems) => expect(checkTemplateBody(b)).toEqual(problems));

  it('refuses parameters WhatsApp would refuse, and never renders with them', () => {
    expect(checkTemplateParameters(body, ['Sam', 'Alex'])).toEqual([{ index: 3, problem: 'missing' }]);
    expect(checkTemplateParameters(body, ['Sam', ' ', 'Housing'])).toEqual([{ index: 2, problem: 'empty' }]);
    expect(checkTemplateParameters(body, ['Sam\nSmith', 'Alex', 'Housing'])).toEqual([{ index: 1, problem: 'has_line_breaks' }]);
    expect(checkTemplateParameters(body, ['Sam', 'Alex      B', 'Housing'])).toEqual([{ index: 2, problem: 'too_many_spaces' }]);
    expect(checkTemplateParameters(body, ['Sam', 'Alex', 'Housing', 'extra'])).toEqual([{ index: null, problem: 'too_many' }]);
    expect(() => renderTemplateText(body, ['Sam'])).toThrow('2 missing, 3 missing');
  });
});
