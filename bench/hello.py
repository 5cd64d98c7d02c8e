"""The hello-world baseline: a bare Flask app under the same gunicorn settings as surveyapp."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
