// Reading better-auth's answers when its API is called with `asResponse: true`.
export interface AuthFailure {
  status: number;
  code: string;
  message: string;
}

/** The error code and message of a failed better-auth response. */
export async function authFailure(response: Response): Promise<AuthFailure> {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = (await response.clone().json()) as typeof body;
  } catch {
    // not JSON: keep the status only
  }
  return {
    status: response.status,
    code: typeof body.code === 'string' ? body.code : String(response.status),
    message: typeof body.message === 'string' ? body.message : response.statusText,
  };
}
