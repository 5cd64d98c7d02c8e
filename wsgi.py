"""Entry point for gunicorn (`gunicorn -c gunicorn.conf.py`, app `wsgi:app`) and the flask CLI
(`flask --app wsgi ...`)."""

from surveyapp import create_app

app = create_app()


def reset_after_fork() -> None:
    """Called in a process forked after the app was created (gunicorn's preloaded workers).

    The engine's pool may hold connections the parent opened; they are dropped from this process's
    pool without being closed (closing would end them for the parent too), so that every connection
    this process uses is its own.
    """
    app.extensions["db_engine"].dispose(close=False)
