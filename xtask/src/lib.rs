//! The project's commands that tests drive directly (on scratch workspaces); `main.rs` has the
//! command line around them.

pub mod codegen_cmd;
