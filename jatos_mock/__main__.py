from jatos_mock.cli import main

main()
