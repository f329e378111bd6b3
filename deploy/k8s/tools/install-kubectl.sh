#!/usr/bin/env bash
# Installs kubectl from Debian (package kubernetes-client) when it is missing: the manifests tests
# (deploy/manifests) render every overlay with `kubectl kustomize`. Needs root or sudo.
set -euo pipefail
if command -v kubectl >/dev/null; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq kubernetes-client
kubectl version --client
