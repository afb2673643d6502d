import { levelOf, narrowScope } from '../../protocol/scope.js';
import { Errors } from '../errors.js';

/** Narrows the caller's scope by `area`; an area outside it is refused, never widened. */
export function scopeFor(userScope: string, area: string | undefined): string {
  const scope = narrowScope(userScope, area);
  if (!scope) throw Errors.outOfScope(`area ${area}`, userScope);
  if (!levelOf(scope)) throw Errors.validation('query', [{ path: 'area', message: `${area} is not an area code` }]);
  return scope;
}
