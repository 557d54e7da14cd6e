/** express-formidable ships no typings; the documented middleware factory (options and events) used by admin/body-limits.ts. */
declare module 'express-formidable' {
  import type { RequestHandler, Request, Response, NextFunction } from 'express';
  interface FormidableEvent {
    event: string;
    action: (req: Request, res: Response, next: NextFunction, ...params: any[]) => void;
  }
  function formidableMiddleware(options?: Record<string, unknown>, events?: FormidableEvent[]): RequestHandler;
  export default formidableMiddleware;
}
