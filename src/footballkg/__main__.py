from footballkg.cli import main

main()
