# shellcheck shell=bash
# start_nginx DOCROOT DIR: a real nginx (Debian package) serving DOCROOT on a free loopback
# port, as the current user, with its configuration, pid, logs and temporary files in DIR.
# Sets NGINX_PID and NGINX_URL ("http://127.0.0.1:PORT/"); returns 1 when it will not start
# (DIR/error.log says why). Waits (bounded poll) until the port accepts connections.
# Needs poll and alive from xvfb_lib.sh. The caller stops it: kill "$NGINX_PID".
NGINX_PID="" NGINX_URL=""
start_nginx() {
  local docroot=$1 dir=$2 port try
  command -v /usr/sbin/nginx >/dev/null || { echo "nginx is missing (apt-get install nginx-light)" >&2; return 1; }
  mkdir -p "$dir"
  for ((try = 0; try < 5; try++)); do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
  types { application/json json; }
  default_type application/octet-stream;
  log_format kiosk '\$request_method \$uri \$status \$body_bytes_sent "\$http_range"';
  access_log $dir/access.log kiosk;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$port; root $docroot; }
}
CONF
    /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >>"$dir/stderr.log" 2>&1 &
    NGINX_PID=$!
    _nginx_up() { ! alive "$NGINX_PID" || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
    if poll 100 _nginx_up && alive "$NGINX_PID"; then
      NGINX_URL="http://127.0.0.1:$port/"
      return 0
    fi
    kill -KILL "$NGINX_PID" 2>/dev/null
    wait "$NGINX_PID" 2>/dev/null
  done
  return 1
}
