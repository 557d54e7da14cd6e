/** adminjs exports its bundler without typings; the parts used by admin/bundle.ts. */
declare module 'adminjs/bundler' {
  export const componentsBundler: { createEntry(o: { content: string; dir?: string }): Promise<void>; build(): Promise<void> };
  export function generateUserComponentEntry(admin: unknown, entryPath: string): string;
  export const ADMIN_JS_TMP_DIR: string;
  export const COMPONENTS_OUTPUT_PATH: string;
}
