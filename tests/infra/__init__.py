"""The deployment files' tests (infra/)."""

from infra.helm.settings_schema import IN_THE_SECRET

# what every deployment's Secret holds (the Kubernetes manifests', the Helm chart's): the
# stores' URLs, the install's secrets, the media bucket's keys
SECRET_KEYS = IN_THE_SECRET
