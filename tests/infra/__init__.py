"""The deployment files' tests (infra/)."""

# what every deployment's Secret holds (the Kubernetes manifests', the Helm chart's): the
# stores' URLs, the install's secrets, the media bucket's keys

SECRET_KEYS = frozenset(
    {
        "DATABASE_URL",
        "REDIS_URL",
        "WAGATE_JWT_SECRET",
        "WAGATE_API_KEY_PEPPER",
        "WAGATE_CREDENTIALS_KEYS",
        "WAGATE_MEDIA_URL_SECRET",
        "WAGATE_S3_ACCESS_KEY",
        "WAGATE_S3_SECRET_KEY",
    }
)
