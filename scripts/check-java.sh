#!/usr/bin/env bash
# DynamoDB Local 3.x needs Java 17 or newer on PATH.
set -euo pipefail
if ! command -v java >/dev/null; then
  echo "check-java: no java on PATH. DynamoDB Local needs Java 17+: apt-get install openjdk-17-jre-headless" >&2
  exit 1
fi
major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
if [ "${major%%.*}" -lt 17 ]; then
  echo "check-java: Java $major found, DynamoDB Local needs 17+: apt-get install openjdk-17-jre-headless" >&2
  exit 1
fi
echo "check-java: Java $major"
