/** Mattermost's AppError: every error that reaches a client has this shape and a stable id. */
export class AppError extends Error {
  constructor(
    public readonly id: string,
    message: string,
    public readonly statusCode: number,
    public readonly detailedError = '',
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(requestId: string): AppErrorBody {
    return {
      id: this.id,
      message: this.message,
      detailed_error: this.detailedError,
      request_id: requestId,
      status_code: this.statusCode,
      is_oauth: false,
    };
  }
}

export type AppErrorBody = {
  id: string;
  message: string;
  detailed_error: string;
  request_id: string;
  status_code: number;
  is_oauth: boolean;
};

export const badRequest = (id: string, message: string, detail = '') => new AppError(id, message, 400, detail);
export const unauthorized = (id: string, message: string) => new AppError(id, message, 401);
export const forbidden = (id: string, message: string) => new AppError(id, message, 403);
export const notFound = (id: string, message: string) => new AppError(id, message, 404);

/** The error Mattermost returns when the session lacks a permission. */
export const noPermission = (permission: string) =>
  new AppError(
    'api.context.permissions.app_error',
    'You do not have the appropriate permissions.',
    403,
    `userId lacks permission ${permission}`,
  );

/** A required or malformed parameter: Mattermost's `api.context.invalid_param.app_error`. */
export const invalidParam = (name: string) =>
  new AppError('api.context.invalid_param.app_error', `Invalid or missing ${name} parameter in request URL or body.`, 400);
