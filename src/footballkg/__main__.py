from footballkg.cli import main

if __name__ == "__main__":  # not when a process started by `multiprocessing` imports it
    main()
