"""WTForms forms of the staff pages and the focus-group sign-up (the survey itself is surveyapp/survey/)."""
