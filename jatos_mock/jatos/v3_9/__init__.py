"""JATOS 3.9 (API 1.0.1): its contract (jatos-api-3.9.yaml, one for the three releases), routes, views, envelope and
auth; handlers whose semantics differ from 3.10's live here, the rules they apply in jatos_mock/jatos/domain/. Three
releases are served: 3.9 (= 3.9.8), 3.9.7 (results archive `.jrzip`, no isQuotaReached) and 3.9.6 (= 3.9.1-3.9.6:
as 3.9.7, without three routes, and an IOException is the generic 500 text)"""

from jatos_mock.core.http.version import ApiVersion
from jatos_mock.jatos.resources import contract_path
from jatos_mock.jatos.v3_9 import envelope, views
from jatos_mock.jatos.v3_9.results import JRZIP, NO_QUOTA
from jatos_mock.jatos.v3_9.routes import API_PREFIX, table


def _release(name: str, since_3_9_7: bool = True, error=envelope.error, features=frozenset()) -> ApiVersion:
    return ApiVersion(name=name, api_version=envelope.API_VERSION, prefix=API_PREFIX, contract=contract_path("3.9"),
                      views=views, render=envelope.render, error=error, error_codes=envelope.ERROR_CODES,
                      routes=table("jatos_" + name.replace(".", "_"), since_3_9_7), api_paths=("/jatos/api/",),
                      route_miss_text=envelope.route_miss, features=frozenset(features))


VERSION = _release("3.9")
VERSION_3_9_7 = _release("3.9.7", features={JRZIP, NO_QUOTA})
VERSION_3_9_6 = _release("3.9.6", since_3_9_7=False, error=envelope.error_before_3_9_7, features={JRZIP, NO_QUOTA})
