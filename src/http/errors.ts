// Errors a handler may throw; the error handler turns each into the API's JSON shape or an NHS page.
export interface FieldError {
  field: string;
  message: string;
}

export class HttpError extends Error {
  readonly statusCode: number;
  readonly errors: FieldError[];
  constructor(statusCode: number, message: string, errors: FieldError[] = []) {
    super(message);
    this.statusCode = statusCode;
    this.errors = errors.length ? errors : [{ field: '', message }];
  }
}

/** 400: nothing was stored. `errors` name the dotted path of each offending input (API.md). */
export class ValidationFailed extends HttpError {
  constructor(errors: FieldError[]) {
    super(400, 'There is a problem with what was sent', errors);
  }
}

/** 404 for anything the caller may not see, so that existence does not leak (API.md). */
export class NotFound extends HttpError {
  constructor() {
    super(404, 'Not found');
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'You cannot do that') {
    super(403, message);
  }
}

export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

/** 412: the record changed since the caller read it (someone else decided first). */
export class StaleVersion extends HttpError {
  constructor(message = 'Someone else changed this record after you opened it. Reload it to see what changed.') {
    super(412, message);
  }
}

export class VersionRequired extends HttpError {
  constructor() {
    super(428, 'Send the version you are changing in an If-Match header');
  }
}
