#!/bin/bash
# Run once by the mysql image on an empty data volume (/docker-entrypoint-initdb.d): one database and one user per
# service, each with its own password. Passwords come from the environment (compose: deploy/secrets/mysql.env) or,
# in Swarm, from the secret files /run/secrets/LALALA_DB_<NAME>_PASSWORD.
set -euo pipefail
for db in auth users tracks chat playlists; do
  var="LALALA_DB_${db^^}_PASSWORD"
  password="${!var:-}"
  if [ -z "$password" ] && [ -r "/run/secrets/$var" ]; then
    password="$(cat "/run/secrets/$var")"
  fi
  if [ -z "$password" ]; then
    echo "01-lalala-databases.sh: $var is not set (deploy/make-secrets.sh writes it)" >&2
    exit 1
  fi
  mysql -uroot --password="${MYSQL_ROOT_PASSWORD:-$(cat "${MYSQL_ROOT_PASSWORD_FILE:-/dev/null}")}" <<SQL
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$db'@'%' IDENTIFIED BY '${password//\'/\'\'}';
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$db'@'%';
SQL
done
