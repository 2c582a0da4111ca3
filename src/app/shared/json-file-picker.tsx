// A button that reads a JSON file the person picks (a bundle file, another desk's export) and
// hands over its text; the same file can be picked again straight away.

interface Props {
  label: string;
  testId: string;
  onText(text: string): void | Promise<unknown>;
}

export function JsonFilePicker({ label, testId, onText }: Props) {
  return (
    <label class="file">
      <span class="secondary button-like">{label}</span>
      <input
        type="file"
        data-testid={testId}
        accept=".json,application/json"
        class="visually-hidden"
        onChange={async (e) => {
          const input = e.currentTarget as HTMLInputElement;
          const file = input.files?.[0];
          if (file) await onText(await file.text());
          input.value = '';
        }}
      />
    </label>
  );
}
