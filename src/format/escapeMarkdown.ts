/** Text from a server or a model put into Markdown as text: every character Markdown could read as markup is escaped. */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, "\\$&");
}
