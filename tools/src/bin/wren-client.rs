//! `wren-client --connect HOST:PORT [--servername NAME] [--cafile PEM | --insecure]
//! [--cert PEM --key PEM] [--policy NAME] [--groups x25519,P-256] [--alpn LIST]`;
//! `wren-client --explain NUMBER` (an error number, as firmware prints it)
//!
//! Sends stdin after the handshake, writes what it receives to stdout, prints one summary line
//! to stderr. Exit 0 after a clean close_notify, 1 with the error's name otherwise, 2 for bad
//! usage.

use std::process::ExitCode;

use wren_tools::args::{parse_client, Parsed, CLIENT_HELP, CLIENT_USAGE};
use wren_tools::client::{run, Exit};
use wren_tools::explain::explain;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, number] = argv.as_slice() {
        if flag == "--explain" {
            return match explain(number) {
                Ok(line) => {
                    println!("{line}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("wren-client: {e}");
                    ExitCode::from(2)
                }
            };
        }
    }
    let args = match parse_client(argv) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{CLIENT_USAGE}\n\n{CLIENT_HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("wren-client: {e}\n{CLIENT_USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = run(
        &args,
        std::io::stdin(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    match &result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Exit::Usage(e)) => eprintln!("wren-client: {e}\n{CLIENT_USAGE}"),
        Err(Exit::Failed(e)) => eprintln!("wren-client: error {e}"),
    }
    ExitCode::from(result.err().map_or(1, |e| e.code()))
}
