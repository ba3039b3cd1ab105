import { describe, expect, it } from 'vitest';
import { AdminRouter, type AdminHandler } from './admin-router.js';

const handler = (name: string): AdminHandler => Object.assign(async () => {}, { handlerName: name });

describe('Class: AdminRouter', () => {
  it('matches exact paths before patterns, and decodes path parameters', () => {
    // Prepare
    const redrive = handler('redrive');
    const one = handler('one');
    const router = new AdminRouter().add('GET', '/api/dlq/:id', one).add('POST', '/api/dlq/redrive', redrive);

    // Act
    const exact = router.match('POST', '/api/dlq/redrive');
    const param = router.match('GET', '/api/dlq/a%20b');

    // Assess
    expect(exact).toMatchObject({ kind: 'found', handler: redrive });
    expect(param).toMatchObject({ kind: 'found', handler: one, params: { id: 'a b' } });
  });

  it('answers HEAD with the GET handler and names the allowed methods otherwise', () => {
    // Prepare
    const router = new AdminRouter().add('GET', '/api/history/:id', handler('get'));

    // Act & Assess
    expect(router.match('HEAD', '/api/history/x').kind).toBe('found');
    expect(router.match('POST', '/api/history/x')).toEqual({ kind: 'method', allow: 'GET, HEAD' });
    expect(router.match('GET', '/api/history')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/api/history/')).toEqual({ kind: 'none' });
  });

  it('refuses a parameter that is not valid percent-encoding', () => {
    // Prepare
    const router = new AdminRouter().add('GET', '/api/history/:id', handler('get'));

    // Act & Assess
    expect(router.match('GET', '/api/history/%E0%A4%A')).toEqual({ kind: 'none' });
  });

  it('lists every path it serves', () => {
    // Prepare
    const router = new AdminRouter()
      .add('GET', '/ping', handler('ping'))
      .add('GET', '/api/history/:id', handler('get'))
      .add('POST', '/api/history/:id', handler('post'));

    // Act & Assess
    expect(router.paths()).toEqual(['/ping', '/api/history/:id']);
  });
});
