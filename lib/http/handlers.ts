/**
 * Error handling once per protocol: a route handler wrapped here answers whatever it throws in its
 * protocol's error format, so no handler writes its own try/catch. The JSON API answers
 * `{ error: { code, message, problems? } }` (apiErrorResponse); the original protocol its `<error>`
 * XML, `{"<status>": ...}` JSON or HTML status page (stratuslabErrorResponse). Both log unexpected
 * errors and send them as "internal error".
 */
import { apiErrorResponse, stratuslabErrorResponse } from "./responses";

type Handler<A extends unknown[]> = (request: Request, ...args: A) => Response | Promise<Response>;

function answeringErrorsWith(errorResponse: (request: Request, error: unknown) => Response) {
  return <A extends unknown[]>(handler: Handler<A>) =>
    async (request: Request, ...args: A): Promise<Response> => {
      try {
        return await handler(request, ...args);
      } catch (error) {
        return errorResponse(request, error);
      }
    };
}

/** A JSON API (/api/v1) handler. */
export const jsonApiHandler = answeringErrorsWith(apiErrorResponse);

/** A handler of the original protocol (/metadata, /endorsers, /tag). */
export const stratuslabHandler = answeringErrorsWith(stratuslabErrorResponse);
