#!/usr/bin/env bash
# Writes the secrets docker compose reads (deploy/secrets/*.env) and, with --swarm, creates the same values as
# Swarm secrets (docker secret create). Random values, generated once: existing files are kept, so running it
# again changes nothing. The files are git-ignored and readable by their owner only.
#   deploy/make-secrets.sh            # for docker compose
#   deploy/make-secrets.sh --swarm    # also `docker secret create lalala_*` on a swarm manager (docs/operations-swarm.md)
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077

random() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-"${1:-32}"; }
# base64 of 32 random bytes: auth-service's AES-256 key for the signing keys at rest (lalala.auth.signing-key-secret).
aes_key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

# One value per name, kept in values.env (the source of every other file).
values="$dir/values.env"
touch "$values"
value() {
  local name="$1" make="$2" current
  current="$(grep -E "^$name=" "$values" | head -1 | cut -d= -f2- || true)"
  if [ -z "$current" ]; then
    current="$($make)"
    printf '%s=%s\n' "$name" "$current" >> "$values"
  fi
  printf '%s' "$current"
}

databases=(auth users tracks chat playlists)
declare -A db_of=([auth-service]=auth [user-service]=users [track-service]=tracks [chat-service]=chat [playlist-service]=playlists)

mysql_root="$(value MYSQL_ROOT_PASSWORD random)"
for db in "${databases[@]}"; do value "LALALA_DB_${db^^}_PASSWORD" random > /dev/null; done
gateway_secret="$(value LALALA_GATEWAY_SECRET random)"
signing="$(value LALALA_AUTH_SIGNING_KEY_SECRET aes_key)"
neo4j="$(value NEO4J_PASSWORD random)"
# The neo4j image reads NEO4J_AUTH (user/password); Swarm mounts it as a file (NEO4J_AUTH_FILE).
grep -q "^NEO4J_AUTH=" "$values" || printf 'NEO4J_AUTH=neo4j/%s\n' "$neo4j" >> "$values"
s3_user="$(value LALALA_S3_ACCESS_KEY 'random 20')"
s3_secret="$(value LALALA_S3_SECRET_KEY random)"
grafana="$(value GF_SECURITY_ADMIN_PASSWORD random)"
db_password() { grep -E "^LALALA_DB_${1^^}_PASSWORD=" "$values" | cut -d= -f2-; }

write() { local file="$dir/$1"; shift; printf '%s\n' "$@" > "$file"; }
{
  printf 'MYSQL_ROOT_PASSWORD=%s\n' "$mysql_root"
  for db in "${databases[@]}"; do printf 'LALALA_DB_%s_PASSWORD=%s\n' "${db^^}" "$(db_password "$db")"; done
} > "$dir/mysql.env"
write neo4j.env "NEO4J_AUTH=neo4j/$neo4j"
write minio.env "MINIO_ROOT_USER=$s3_user" "MINIO_ROOT_PASSWORD=$s3_secret"
write grafana.env "GF_SECURITY_ADMIN_PASSWORD=$grafana"
write gateway.env "LALALA_GATEWAY_SECRET=$gateway_secret"
write auth-service.env "LALALA_DB_PASSWORD=$(db_password auth)" "LALALA_AUTH_SIGNING_KEY_SECRET=$signing" \
  "LALALA_GATEWAY_SECRET=$gateway_secret"
write user-service.env "LALALA_DB_PASSWORD=$(db_password users)" "LALALA_S3_ACCESS_KEY=$s3_user" "LALALA_S3_SECRET_KEY=$s3_secret"
write feed-service.env "NEO4J_PASSWORD=$neo4j"
write track-service.env "LALALA_DB_PASSWORD=$(db_password tracks)" "LALALA_S3_ACCESS_KEY=$s3_user" "LALALA_S3_SECRET_KEY=$s3_secret"
write streaming-service.env "LALALA_S3_ACCESS_KEY=$s3_user" "LALALA_S3_SECRET_KEY=$s3_secret"
write chat-service.env "LALALA_DB_PASSWORD=$(db_password chat)"
write playlist-service.env "LALALA_DB_PASSWORD=$(db_password playlists)"
echo "deploy/make-secrets.sh: secrets in $dir"

if [ "${1:-}" = "--swarm" ]; then
  # Swarm secrets: one per value, named lalala_<name in lower case, without a LALALA_ prefix>; deploy/stack.yml mounts each under the name
  # its service reads (Spring's configtree import of /run/secrets/, docs/operations-swarm.md).
  while IFS='=' read -r name val; do
    [ -n "$name" ] || continue
    secret="lalala_$(printf '%s' "$name" | tr 'A-Z' 'a-z' | sed 's/^lalala_//')"
    if docker secret inspect "$secret" > /dev/null 2>&1; then
      echo "  $secret exists, kept"
    else
      printf '%s' "$val" | docker secret create "$secret" - > /dev/null
      echo "  $secret created"
    fi
  done < "$values"
fi
