from eventsift.cli import app

app(prog_name="eventsift")
