/**
 * What the binding calls. `createNuvatra(...)` from @nuvatra/core returns one; any object of this shape works,
 * which keeps the binding testable without core.
 */
export interface FetchHandler {
  handle(request: Request): Promise<Response>;
}
