/** Page arithmetic shared by every list: pages start at 1, size capped so a list never floods a chat or a page. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}
export function pageWindow(page = 1, pageSize = 10) {
  const size = Math.min(Math.max(1, Math.floor(pageSize) || 10), 100);
  const p = Math.max(1, Math.floor(page) || 1);
  return { limit: size, offset: (p - 1) * size, page: p, pageSize: size };
}
export const toPage = <T>(items: T[], total: number, w: { page: number; pageSize: number }): Page<T> => ({
  items, total, page: w.page, pageSize: w.pageSize, pages: Math.max(1, Math.ceil(total / w.pageSize)),
});
