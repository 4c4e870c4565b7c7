// Where to land when opening a team: the channel last viewed there (kept per browser), else town-square.

export function lastChannelPath(teamName: string): string {
  return localStorage.getItem(`prat.lastChannel.${teamName}`) ?? `/${teamName}/channels/town-square`;
}

export function rememberChannelPath(teamName: string, path: string): void {
  localStorage.setItem('prat.lastTeam', teamName);
  localStorage.setItem(`prat.lastChannel.${teamName}`, path);
}
