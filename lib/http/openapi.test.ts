import { describe, expect, it } from 'vitest';
import { API_ACCESS } from '@/lib/auth/access-matrix';
import { buildOpenApiDocument, UNDOCUMENTED_PREFIXES } from './openapi';

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument('test');

  it('documents every /api/v1 route and method of the access matrix', () => {
    const missing: string[] = [];
    for (const [route, methods] of Object.entries(API_ACCESS)) {
      if (UNDOCUMENTED_PREFIXES.some((prefix) => route.startsWith(prefix))) continue;
      const path = route.replace(/\[(\w+)\]/g, '{$1}');
      for (const method of Object.keys(methods)) {
        if (!document.paths?.[path]?.[method.toLowerCase() as 'get'])
          missing.push(`${method} ${route}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes request bodies from the validation schemas, with the error shape', () => {
    const register = document.paths?.['/api/v1/agents']?.post;
    expect(JSON.stringify(register?.requestBody)).toContain('RegisterAgent');
    expect(JSON.stringify(document.components?.schemas?.RegisterAgent)).toContain('endpointUrl');
    expect(register?.responses?.['400']).toBeDefined();
    expect(document.paths?.['/api/v1/health']?.get?.security).toEqual([]);
    expect(document.paths?.['/api/v1/agents']?.get?.security).toEqual([
      { bearer: [] },
      { session: [] },
    ]);
  });

  it('documents the model price reference on register and edit', () => {
    for (const id of ['RegisterAgent', 'UpdateAgent']) {
      const schema = JSON.stringify(document.components?.schemas?.[id]);
      expect(schema).toContain('"priceProvider"');
      expect(schema).toContain('"priceModel"');
      expect(schema).toContain('price table');
    }
  });

  it('covers the mcp agent kind and Baton’s own MCP endpoint', () => {
    expect(JSON.stringify(document.components?.schemas?.RegisterAgent)).toContain('"mcp"');
    const mcp = document.paths?.['/api/mcp']?.post;
    expect(mcp?.summary).toContain('submit_request');
    expect(mcp?.description).toContain('viewer');
  });
});
