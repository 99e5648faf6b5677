# Shared by the bench scripts (source it from the checkout's root).

# The static ffmpeg of the version the build pins (ws.schild:jave-nativebin-linux64 in the root pom), extracted once
# into DIR; prints its path. The jar comes from ~/.m2 (any build of the project has fetched it).
bench_ffmpeg() {
  local dir=$1 version jar
  version=$(grep -o '<jave.version>[^<]*' pom.xml | cut -d'>' -f2)
  local ffmpeg="$dir/ffmpeg-$version"
  if [[ ! -x "$ffmpeg" ]]; then
    jar=~/.m2/repository/ws/schild/jave-nativebin-linux64/$version/jave-nativebin-linux64-$version.jar
    [[ -f "$jar" ]] || ./mvnw -q -B dependency:get -Dartifact="ws.schild:jave-nativebin-linux64:$version" >/dev/null
    mkdir -p "$dir"
    unzip -p "$jar" ws/schild/jave/nativebin/ffmpeg-amd64 > "$ffmpeg.part" && chmod +x "$ffmpeg.part"
    mv "$ffmpeg.part" "$ffmpeg"
  fi
  printf '%s\n' "$ffmpeg"
}

# A music-like stereo source of SECONDS for ffmpeg's lavfi input (two voices and a little noise, so that FLAC
# compresses it about as much as a real song, ~60 %); the same as AudioPipelineBench.java's.
bench_music() {
  printf '%s' "aevalsrc=0.3*sin(2*PI*220*t)+0.2*sin(2*PI*331*t*(1+0.01*sin(t)))+0.04*(random(0)-0.5)|0.3*sin(2*PI*277*t)+0.2*sin(2*PI*415*t)+0.04*(random(1)-0.5):s=44100:d=$1"
}

# Fails at once, naming what is missing, when a tool the script needs is not installed.
bench_require() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if (( ${#missing[@]} )); then
    echo "bench: needs ${missing[*]} (on Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
}
