"""The survey engine: a survey's definition (definition.py), the context its rules run in
(context.py), how posted values become answers (answers.py, answer_parts.py, media.py), the rules
(rules.py: relevance, required, choices, constraints; choice_filter, follow_ups, form_set,
calculations, repeats, piping, instance_name) and their messages. No view or WTForms code: the
survey pages (public/), the kiosk (kiosk/) and the responses service call into it, and the kiosk's
offline script is its twin in JavaScript, checked against it case by case."""
