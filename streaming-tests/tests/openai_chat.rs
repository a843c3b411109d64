//! The client generated from OpenAI's own spec asks for a chat completion, first as one JSON
//! answer (`fixtures/chat_completion.json`), then streamed from a local server that replays a
//! recorded event stream (`fixtures/chat_completion.sse`: chunks of the spec's
//! `CreateChatCompletionStreamResponse`, then `[DONE]`). `docs/streaming.md` shows this file.

use futures_util::StreamExt;
use serde_json::json;
use streaming_tests::openai::types::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    ChatCompletionStreamOptions, CreateChatCompletionRequest,
    CreateChatCompletionStreamResponseChoicesItemFinishReason as FinishReason,
};
use streaming_tests::openai::{Client, Nullable};
use streaming_tests::replay;

/// A system and a user message at temperature 0.2: BENCHMARKS.md counts these lines.
fn chat_request() -> CreateChatCompletionRequest {
    let messages = vec![
        ChatCompletionRequestSystemMessage::new("Answer in one line.").into(),
        ChatCompletionRequestUserMessage::new("Say hello in French.").into(),
    ];
    CreateChatCompletionRequest::new(messages, "gpt-4o-mini").temperature(0.2)
}

#[tokio::test]
async fn a_chat_completion_answers_as_one_typed_response() -> Result<(), Box<dyn std::error::Error>>
{
    let server = replay::serve_json(include_str!("../fixtures/chat_completion.json")).await;
    let client = Client::builder()
        .base_url(server.url())
        .api_key_auth("sk-test")
        .build()?;

    let request = chat_request();
    let answer = client.create_chat_completion(&request).await?;

    assert_eq!(
        answer.choices[0].message.content,
        Some("Bonjour ! 👋".to_owned())
    );
    let sent = server.request().await;
    assert_eq!(sent.request_line, "POST /chat/completions HTTP/1.1");
    assert_eq!(sent.authorization.as_deref(), Some("Bearer sk-test"));
    // Each message carries the role its union variant stands for, though nobody wrote it.
    let expected = json!({
        "messages": [
            {"role": "system", "content": "Answer in one line."},
            {"role": "user", "content": "Say hello in French."},
        ],
        "model": "gpt-4o-mini",
        "temperature": 0.2,
    });
    assert_eq!(sent.body, expected);
    Ok(())
}

#[tokio::test]
async fn a_chat_completion_streams_as_typed_chunks() -> Result<(), Box<dyn std::error::Error>> {
    let server = replay::serve(include_str!("../fixtures/chat_completion.sse")).await;
    let client = Client::builder()
        .base_url(server.url())
        .api_key_auth("sk-test")
        .build()?;
    let include_usage = ChatCompletionStreamOptions::default().include_usage(true);
    let request = chat_request().stream_options(include_usage);

    // `create_chat_completion` reads one JSON answer; `create_chat_completion_stream` sends
    // `"stream": true` itself and yields each chunk as it arrives, until `[DONE]`.
    let mut chunks = client.create_chat_completion_stream(&request).await?;
    let (mut text, mut finish, mut usage) = (String::new(), None, None);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk?;
        for choice in chunk.choices {
            if let Nullable::Value(content) = choice.delta.content {
                text.push_str(&content);
            }
            finish = choice.finish_reason.or(finish);
        }
        if let Nullable::Value(total) = chunk.usage {
            usage = Some(total.total_tokens);
        }
    }
    assert_eq!(text, "Bonjour ! 👋");
    assert_eq!(finish, Some(FinishReason::Stop));
    assert_eq!(usage, Some(18));

    let sent = server.request().await;
    assert_eq!(sent.request_line, "POST /chat/completions HTTP/1.1");
    assert_eq!(sent.authorization.as_deref(), Some("Bearer sk-test"));
    let expected = json!({
        "messages": [
            {"role": "system", "content": "Answer in one line."},
            {"role": "user", "content": "Say hello in French."},
        ],
        "model": "gpt-4o-mini",
        "temperature": 0.2,
        "stream": true,
        "stream_options": {"include_usage": true},
    });
    assert_eq!(sent.body, expected);
    Ok(())
}
