import { describe, expect, it } from 'vitest';
import { parseConfigText } from './config-parse.js';
import type { ConfigError } from './errors.js';

const LRP_YAML = `# lrp.yaml, as lambda-reverse-proxy's README shows it
region: us-west-2
host: 127.0.0.1
port: "9000"
internal_route_prefix: __@@__
local:
  - hostname: service-1
    endpoint: http://service-1-lambda:8080
  - hostname: service-2
    endpoint: http://service-2-lambda:8080
aws:
  - hostname: service-3
    function_name: service-3-fn
`;

describe('Config: lambda-reverse-proxy files', () => {
  it('turns local and aws rules into routes by Host, with the internal prefix and listen address', () => {
    // Act
    const config = parseConfigText(LRP_YAML, { file: 'lrp.yaml' });

    // Assess
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.internal_route_prefix).toBe('/__@@__');
    expect(config.routes.map((route) => [route.match.host, route.target])).toEqual([
      ['service-1', expect.objectContaining({ type: 'lambda', endpoint: 'http://service-1-lambda:8080', event: 'apigw-v2' })],
      ['service-2', expect.objectContaining({ type: 'lambda', endpoint: 'http://service-2-lambda:8080', event: 'apigw-v2' })],
      ['service-3', expect.objectContaining({ type: 'lambda', function: 'service-3-fn', region: 'us-west-2', event: 'apigw-v2' })],
    ]);
  });

  it("applies lambda-reverse-proxy's defaults", () => {
    // Act
    const config = parseConfigText('aws:\n  - hostname: a.example.com\n    function_name: a\n', { file: 'lrp.yaml' });

    // Assess
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.internal_route_prefix).toBe('');
    expect(config.routes[0]!.target).toMatchObject({ region: 'eu-central-1' });
  });

  it('opens no admin listener unless the file asks for one, as lambda-reverse-proxy has none', () => {
    // Act
    const plain = parseConfigText(LRP_YAML, { file: 'lrp.yaml' });
    const withAdmin = parseConfigText(`${LRP_YAML}admin: { listen: 127.0.0.1:9911 }\n`, { file: 'lrp.yaml' });

    // Assess
    expect(plain.admin).toBe(false);
    expect(withAdmin.admin).toEqual({ listen: { host: '127.0.0.1', port: 9911 } });
  });

  it('names the lrp keys and lines in its issues', () => {
    // Prepare
    const text = 'port: eighty\nlocal:\n  - hostname: service-1\n    endpoint: service-1-lambda:8080\n    extra: 1\n';

    // Act
    let issues: readonly { path: string }[] = [];
    try {
      parseConfigText(text, { file: 'lrp.yaml' });
    } catch (error) {
      issues = (error as ConfigError).issues;
    }

    // Assess
    expect(issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['local[0].extra (line 5)', 'port (line 1)', 'local[0].endpoint (line 4)']));
  });
});
