"""JATOS's own configuration keys that change API behaviour (conf/application.conf), with JATOS's defaults."""

from dataclasses import dataclass


@dataclass
class JatosConfig:
    api_allowed: bool = True  # jatos.api.allowed
    token_generation_allowed: bool = True  # jatos.api.tokens.apiGeneration.allowed
    token_expires_after: int = 3600  # jatos.api.tokens.apiGeneration.expiresAfter, seconds
    allow_superuser: bool = False  # jatos.user.role.allowSuperuser
    password_length: int = 7  # jatos.user.password.length
    study_logs_enabled: bool = True  # jatos.studyLogs.enabled
    url_base_path: str = "/"  # jatos.urlBasePath
    max_upload_bytes: int = 100 * 1024 * 1024  # archive/asset size limit (JATOS: play.http.parser limits)
    results_archive_suffix: str = "zip"  # jatos.resultsArchive.suffix
    study_archive_suffix: str = "jzip"  # jatos.studyArchive.suffix
    openai_allowed: bool = False  # jatos.openai.allowed
    openai_call_limit: int = 10  # jatos.openai.callLimit
