import { describe, expect, it } from 'vitest';
import { scopeCrumbs, scopeQuery } from './scope-crumbs.js';

describe('scope breadcrumbs', () => {
  it('run from the user’s scope down to the scope shown, never wider', () => {
    expect(scopeCrumbs('4403', '440303001')).toEqual(['4403', '440303', '440303001']);
    expect(scopeCrumbs('440303', '440303001001')).toEqual(['440303', '440303001', '440303001001']);
    expect(scopeCrumbs('440303', '440303')).toEqual(['440303']);
    expect(scopeCrumbs('440303', '440304001')).toEqual(['440303']);
  });

  it('drop the scope query for the user’s own scope and keep the rest of the route', () => {
    expect(scopeQuery('4403', '4403', { scope: '440303', layout: 'conference' })).toEqual({ layout: 'conference' });
    expect(scopeQuery('4403', '440303', { layout: 'conference' })).toEqual({ layout: 'conference', scope: '440303' });
  });
});
