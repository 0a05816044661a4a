from refgraph.cli import main

main()
