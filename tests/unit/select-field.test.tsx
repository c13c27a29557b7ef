import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { SelectField } from '../../src/platform/views/forms.js';

describe('SelectField', () => {
  it('marks the chosen option, never the empty one, and wires the label, hint and error', () => {
    const html = renderToString(
      <SelectField
        name="kind"
        label="Kind"
        hint="Pick one"
        error="Choose a kind"
        none="Choose…"
        choices={[
          { value: 'a', label: 'A & co' },
          { value: 'b', label: 'B' },
        ]}
        selected="b"
      />,
    );
    expect(html).toContain('<label for="field-kind">Kind</label>');
    expect(html).toContain(
      '<select id="field-kind" name="kind" aria-describedby="field-kind-hint field-kind-error" aria-invalid="true">',
    );
    expect(html).toContain(
      '<option value>Choose…</option><option value="a">A &amp; co</option><option value="b" selected>B</option></select>',
    );
  });

  it('has no empty option unless one is named, and nothing marked when nothing is chosen', () => {
    const html = renderToString(
      <SelectField name="role" label="Role" choices={[{ value: 'x', label: 'X' }]} />,
    );
    expect(html).toContain('<select id="field-role" name="role"><option value="x">X</option></select>');
  });
});
