/**
 * A submission kept across a refusal: as hidden fields to send again, or read-only text areas so
 * the writer can see and copy every word.
 */
export function ResumeFields(props: { fields: Record<string, string>; readonly?: boolean }) {
  const entries = Object.entries(props.fields);
  if (!props.readonly) {
    return (
      <>
        {entries.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </>
    );
  }
  return (
    <div class="resume">
      {entries.map(([name, value], i) => (
        <p key={name} class="field">
          <label for={`resume-field-${i}`}>{name}</label>
          <textarea id={`resume-field-${i}`} readonly rows={Math.min(12, value.split('\n').length + 1)}>
            {value}
          </textarea>
        </p>
      ))}
    </div>
  );
}
