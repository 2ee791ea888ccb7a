"""Entries of subject and procedure logs, changed only through `add_entry`, `change_entry` and `remove_entry`
(docs api/modules/subjectlog.md): entries are keyed by `date_time` (interval types by `start_date_time`)."""

from jatos_mock.brainstem.domain import fields as F
from jatos_mock.brainstem.errors import ValidationError


def _key_name(entry: dict) -> str:
    return "start_date_time" if "start_date_time" in entry else "date_time"


def change_entries(record: dict, action: str, body: dict) -> None:
    key_name = _key_name(body)
    if key_name not in body:  # nested field errors, as the MATLAB client's tests expect them
        raise ValidationError({"entries": {"date_time": [F.REQUIRED]}})
    try:
        key = F.convert_datetime(body[key_name])
    except F.Invalid as exc:
        raise ValidationError({"entries": {key_name: exc.messages}}) from None
    entries = record["entries"]
    index = next((i for i, e in enumerate(entries) if e.get(key_name) == key), None)
    entry = {**body, key_name: key}
    if action == "add_entry":
        if index is not None:
            raise ValidationError({"entries": {key_name: ["An entry with this date and time already exists."]}})
        entries.append(entry)
    elif index is None:
        raise ValidationError({"entries": {key_name: ["No entry with this date and time."]}})
    elif action == "change_entry":
        entries[index] = entry
    else:
        del entries[index]
