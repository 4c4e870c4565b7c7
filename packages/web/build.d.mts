export declare const webRoot: string;
export declare const distDir: string;
export declare function sourceStamp(): string;
export declare function isBuildCurrent(): boolean;
export declare function ensureWebBuild(opts?: { quiet?: boolean }): boolean;
