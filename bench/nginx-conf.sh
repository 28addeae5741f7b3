# Sourced by bench/run.sh and bench/ab-connections.sh: the one nginx configuration staticflux is compared
# against, so that every comparison uses the same directives.
#
# nginx_conf NGINX DIR PORT ROOT [SERVER_EXTRA [HTTP_EXTRA]]: writes DIR/nginx.conf for the nginx binary NGINX:
# its pid, logs and temp paths in DIR, one server on 127.0.0.1:PORT serving ROOT, SERVER_EXTRA inside that
# server block and HTTP_EXTRA (more server blocks) after it.
nginx_conf() {
	local nginx=$1 dir=$2 port=$3 root=$4 server_extra=${5:-} http_extra=${6:-} m temp_paths= mime_types=
	for m in client_body proxy fastcgi uwsgi scgi; do
		"$nginx" -V 2>&1 | grep -q -- "--without-http_${m}_module" || temp_paths+="	${m}_temp_path $dir/${m}_temp;"$'\n'
	done
	[ -f /etc/nginx/mime.types ] && mime_types="include /etc/nginx/mime.types;"
	cat >"$dir/nginx.conf" <<-EOF
		worker_processes auto;
		worker_rlimit_nofile $(ulimit -n);
		pid $dir/nginx.pid;
		error_log $dir/error.log warn;
		events {
			worker_connections 8192;
		}
		http {
			$mime_types
			default_type application/octet-stream;
			sendfile on;
			tcp_nopush on;
			keepalive_timeout 65;
			open_file_cache max=1000 inactive=20s;
			open_file_cache_valid 30s;
			open_file_cache_min_uses 1;
			open_file_cache_errors on;
			access_log $dir/access.log combined buffer=64k;
		$temp_paths
			server {
				# The same accept queue as Netty, which takes its backlog from somaxconn.
				listen 127.0.0.1:$port backlog=$(cat /proc/sys/net/core/somaxconn);
				root $root;
				index index.html;
				$server_extra
			}
			$http_extra
		}
	EOF
}
