# The shared fixtures (a small county tree and the five personas) serve every test in the project.
pytest_plugins = ["tests.fixtures"]
