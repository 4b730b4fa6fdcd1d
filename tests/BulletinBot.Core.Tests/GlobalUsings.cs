global using BulletinBot.Core.Commands;
