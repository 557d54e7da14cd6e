/** One line per figure, in the stable format that runs are compared on. */
export function report(name: string, value: number, unit: string): void {
  const shown = Number.isInteger(value) ? String(value) : value.toPrecision(4);
  console.log(`bench: ${name} = ${shown} ${unit}`);
}

export type BenchSuite = () => Promise<void>;
