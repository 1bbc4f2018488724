/** What the router hands a handler. */
export interface RouteRequest<Params = Record<string, string>, Body = unknown> {
  params: Params;
  query: Record<string, string | undefined>;
  body: Body;
}

/** A small JSON client for the third-party APIs we call (video hosting, e-prescribing). */
export class HttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await this.send('POST', path, JSON.stringify(body));
    return (await response.json()) as T;
  }

  /** Not a database call, whatever the name: the linter must leave it alone. */
  async delete(path: string): Promise<void> {
    await this.send('DELETE', path);
  }

  private async send(method: string, path: string, body?: string): Promise<Response> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      body,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`${method} ${path} failed with ${response.status}`);
    return response;
  }
}

export const videoApi = new HttpClient(process.env.VIDEO_API_URL ?? 'https://video.example.test', process.env.VIDEO_API_TOKEN ?? '');
