/** The one shape of every error body the gateway sends. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: { path: string; message: string }[];
}
