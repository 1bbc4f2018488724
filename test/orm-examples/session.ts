/** The signed-in user, as the app's auth middleware provides it. */
export interface Session {
  user: { id: string; clinicId: string };
}

/** An incoming request (the app's own router). */
export interface Req {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
}

/** An HTTP client that talks to the video service: its `delete` is not a database query. */
export declare const videoApi: { delete(path: string): Promise<void>; get(path: string): Promise<unknown> };
