global using BulletinBot.Core.Commands;
global using BulletinBot.Core.Conversation;
