"""One blueprint per group of the JATOS API. Order matters: explicit HEAD routes must come before GET routes."""

from jatos_mock.http.api import (admin, assets, batches, components, members, publix, results, sessions,
                                 studies, study_codes, study_log, tokens, users)

BLUEPRINTS = (admin.bp, users.bp, tokens.bp, studies.bp, assets.bp, components.bp, members.bp, study_log.bp,
              batches.bp, sessions.bp, study_codes.bp, results.bp, publix.bp)
