/**
 * Config files for each proxy, generated per cell into its own temp dir with free ports.
 * nginx and caddy are configured as a plain keep-alive reverse proxy each, the usual production
 * baseline; only ports and paths change per cell.
 */

/**
 * nginx: one worker, upstream keep-alive 64, no access log (the usual production baseline).
 *
 * @example
 * nginxConfig({ dir: '/tmp/x', port: 9102, upstreamPort: 9101 });
 */
export function nginxConfig({ dir, port, upstreamPort }) {
  return `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx-tmp/client_body;
  proxy_temp_path ${dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${dir}/nginx-tmp/scgi;
  keepalive_requests 1000000;
  upstream backend {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
}

/**
 * caddy: plain reverse_proxy, no admin endpoint, no HTTPS (the usual production baseline).
 *
 * @example
 * caddyfile({ dir: '/tmp/x', port: 9105, upstreamPort: 9101 });
 */
export function caddyfile({ dir, port, upstreamPort }) {
  return `{
	admin off
	auto_https off
	storage file_system ${dir}/caddy-data
}
http://127.0.0.1:${port} {
	bind 127.0.0.1
	reverse_proxy 127.0.0.1:${upstreamPort}
}
`;
}

/**
 * Sluice gateway: one catch-all route to the upstream, capture on or off, SQLite queue in `dir`.
 *
 * @example
 * sluiceConfig({ dir: '/tmp/x', port: 9103, upstreamPort: 9101, capture: true });
 */
export function sluiceConfig({ dir, port, upstreamPort, capture }) {
  return `listen: { host: 127.0.0.1, port: ${port} }
queue: { driver: sqlite, path: ${dir}/sluice.db }
log: { level: warn }
routes:
  - name: bench
    match: { path_prefix: / }
    target: { type: http, url: http://127.0.0.1:${upstreamPort} }
    capture: ${capture}
`;
}
