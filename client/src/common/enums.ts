/**
 * Choices for an enumeration of `shared/`, named through translation keys
 * (`haven.enums.<enum>.<value>`), so react-admin's inputs and fields translate them.
 */
export function enumChoices(name: string, values: readonly string[]) {
  return values.map((value) => ({ id: value, name: enumKey(name, value) }));
}

export function enumKey(name: string, value: string): string {
  return `haven.enums.${name}.${value}`;
}
