/** Values a label may refer to as `{name}`. */
export type LabelValues = Readonly<Record<string, string | number>>;

/**
 * A template label with its `{name}` placeholders replaced (`"Top {count} by AUROC"` →
 * `"Top 10 by AUROC"`). Numbers are grouped in thousands (`12,345`); unknown placeholders stay as written.
 */
export function fillLabel(label: string, values: LabelValues): string {
  return label.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) {
      return placeholder;
    }
    return typeof value === 'number' ? value.toLocaleString('en-US') : value;
  });
}
